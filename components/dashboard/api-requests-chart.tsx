import { formatCount, monthDay } from "@/lib/format";
import type { DailyRequests } from "@/lib/usage/usage";

const BAR = 10;
const GAP = 2;
const HEIGHT = 80;

/**
 * API requests per day as bars, drawn on the server as plain SVG (no chart library, no JavaScript in
 * the browser). The drawing is hidden from assistive technology, which reads the same numbers in a
 * table instead.
 */
export function ApiRequestsChart({ days }: { days: DailyRequests[] }) {
  const highest = Math.max(1, ...days.map((day) => day.requests));
  const total = days.reduce((sum, day) => sum + day.requests, 0);
  const width = days.length * (BAR + GAP) - GAP;
  const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);
  return (
    <figure>
      <figcaption className="text-sm text-muted-foreground">
        <span className="text-2xl font-semibold text-foreground tabular-nums">{formatCount(total)}</span> requests in the last {days.length} days (UTC)
      </figcaption>
      <svg aria-hidden viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" className="mt-4 h-24 w-full">
        {days.map((day, i) => {
          // A day with requests shows at least a sliver, however many the busiest day had.
          const height = day.requests === 0 ? 0 : Math.max(2, (day.requests / highest) * HEIGHT);
          return (
            <rect key={day.day} x={i * (BAR + GAP)} y={HEIGHT - height} width={BAR} height={height} rx={1.5} className="fill-brand">
              <title>{`${monthDay(dateOf(day.day))}: ${formatCount(day.requests)}`}</title>
            </rect>
          );
        })}
        <line x1={0} y1={HEIGHT - 0.5} x2={width} y2={HEIGHT - 0.5} className="stroke-border" vectorEffect="non-scaling-stroke" />
      </svg>
      {days.length > 0 && (
        <div aria-hidden className="mt-1 flex justify-between text-xs text-muted-foreground">
          <span>{monthDay(dateOf(days[0]!.day))}</span>
          <span>Today</span>
        </div>
      )}
      <table className="sr-only">
        <caption>API requests per day (UTC), oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Requests</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row">{monthDay(dateOf(day.day))}</th>
              <td>{formatCount(day.requests)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
