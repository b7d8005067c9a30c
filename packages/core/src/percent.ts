/** A share (0 to 1) as a percentage with `decimals` digits after the point: `percent(0.1234)` is `12.3%`, `percent(0.5, 0)` is `50%`. */
export function percent(share: number, decimals = 1): string {
  return `${(share * 100).toFixed(decimals)}%`;
}
