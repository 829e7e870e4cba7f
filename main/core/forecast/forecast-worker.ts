/**
 * Forecasting worker thread: runs the model selection for a chunk of series and sends the results
 * back. Series arrive as plain arrays (a few KB each); results are plain objects.
 */
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadsPriority } from '../background-thread';
import type { ModelChoice } from './selection/families';
import { forecastSeries, type ForecastResult } from './selection/select-model';

export interface ForecastRequest {
  id: number;
  series: number[][];
  season: number;
  horizon: number;
  model: ModelChoice;
  /**
   * The epoch day of each series' first observation (null: undated). The worker dates the history and
   * the forecast days from it, which the Prophet-style model needs for its holidays.
   */
  firstDays?: (number | null)[];
}

export interface ForecastReply {
  id: number;
  results?: ForecastResult[];
  error?: string;
}

if (!parentPort) throw new Error('forecast-worker runs only as a worker thread');
// Training is background work: it gives way to the core's thread and the window (background-thread.ts).
lowerThisThreadsPriority();
const port = parentPort;
port.on('message', (request: ForecastRequest) => {
  try {
    const results = request.series.map((y, i) => {
      const first = request.firstDays?.[i];
      const days = first === undefined || first === null ? undefined : Array.from({ length: y.length + request.horizon }, (_, d) => first + d);
      return forecastSeries(y, request.season, request.horizon, request.model, days ? { days } : {});
    });
    port.postMessage({ id: request.id, results } satisfies ForecastReply);
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message } satisfies ForecastReply);
  }
});
