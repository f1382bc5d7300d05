// The one number format of the page: the stats table, the summary panel and the
// browser test's expectations all round the same way.

/// Formats a number for a person: whole numbers and magnitudes from 1,000 up as
/// integers with thousands separators, others to 3 significant digits.
///
/// Below 0.001 (and above 0) in exponent form with 3 significant digits; a missing value
/// (null, undefined, an empty field) as an en dash. Accepts numbers or their text.
export function formatNumber(value) {
  if (value === null || value === undefined || value === "") return "–";
  const v = Number(value);
  if (Number.isNaN(v)) return String(value);
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const a = Math.abs(v);
  if (Number.isInteger(v) || a >= 1000) {
    const whole = Math.round(a).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (v < 0 && whole !== "0" ? "-" : "") + whole;
  }
  if (a < 0.001) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}
