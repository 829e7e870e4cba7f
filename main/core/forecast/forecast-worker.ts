/**
 * Forecasting worker thread: runs the model selection for a chunk of series and sends the results
 * back. Series arrive as plain arrays (a few KB each); results are plain objects.
 */
import { parentPort } from 'node:worker_threads';
import type { ModelChoice } from './selection/families';
import { forecastSeries, type ForecastResult } from './selection/select-model';

export interface ForecastRequest {
  id: number;
  series: number[][];
  season: number;
  horizon: number;
  model: ModelChoice;
}

export interface ForecastReply {
  id: number;
  results?: ForecastResult[];
  error?: string;
}

if (!parentPort) throw new Error('forecast-worker runs only as a worker thread');
const port = parentPort;
port.on('message', (request: ForecastRequest) => {
  try {
    const results = request.series.map((y) => forecastSeries(y, request.season, request.horizon, request.model));
    port.postMessage({ id: request.id, results } satisfies ForecastReply);
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message } satisfies ForecastReply);
  }
});
