import { formatCount } from "@/lib/format";

/**
 * How much of a limit is used, as a bar with its label and "3 of 10" beside it. Assistive technology
 * reads it as a meter named by its label, with the value in words ("3 of 10 posts"). The value may
 * exceed the limit (after a downgrade): the bar is then full and the words say the real number.
 */
export function Meter({ label, unit, value, max }: { label: string; unit: string; value: number; max: number }) {
  const labelId = `meter-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const share = max > 0 ? Math.min(1, value / max) : 1;
  return (
    <div>
      <div className="flex items-baseline justify-between gap-4 text-sm">
        <span id={labelId} className="font-medium">
          {label}
        </span>
        <span className="text-muted-foreground tabular-nums">
          {formatCount(value)} of {formatCount(max)}
          {value >= max && " · limit reached"}
        </span>
      </div>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(value, max)}
        aria-valuetext={`${formatCount(value)} of ${formatCount(max)} ${unit}`}
        className="mt-2 h-2 overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full rounded-full bg-brand" style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}
