export function RevenuePage() {
  return <h1>Revenue</h1>;
}
