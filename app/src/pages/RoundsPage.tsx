export function RoundsPage() {
  return <h1>Rounds</h1>;
}
