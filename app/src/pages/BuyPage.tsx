export function BuyPage() {
  return <h1>Buy</h1>;
}
