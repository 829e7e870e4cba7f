import type { FittedModel, Forecast } from '../types';
import { fitAutoArima } from './arima/auto-arima';
import { fitEts } from './ets/ets';
import { fitTheta } from './theta';

/**
 * The equal-weight mean of several fitted models (by default ETS, ARIMA and Theta). The interval
 * bounds are the means of the members' bounds: a common approximation that ignores how the
 * members' errors correlate (it is slightly wide when they agree, which they mostly do).
 */
export function combine(members: readonly FittedModel[]): FittedModel {
  const average = (pick: (f: Forecast) => number[], forecasts: Forecast[]) =>
    pick(forecasts[0]!).map((_, i) => forecasts.reduce((sum, f) => sum + pick(f)[i]!, 0) / forecasts.length);
  return {
    family: 'combo',
    description: `mean of ${members.map((m) => m.description).join(', ')}`,
    pointForecast(h: number) {
      const points = members.map((m) => m.pointForecast(h));
      return points[0]!.map((_, i) => points.reduce((sum, p) => sum + p[i]!, 0) / points.length);
    },
    forecast(h: number): Forecast {
      const forecasts = members.map((m) => m.forecast(h));
      return {
        mean: average((f) => f.mean, forecasts),
        lower80: average((f) => f.lower80, forecasts),
        upper80: average((f) => f.upper80, forecasts),
        lower95: average((f) => f.lower95, forecasts),
        upper95: average((f) => f.upper95, forecasts),
      };
    },
    refit: (y) => combine(members.map((m) => m.refit(y))),
  };
}

export const fitCombo = (y: readonly number[], m: number) => combine([fitEts(y, m), fitAutoArima(y, m), fitTheta(y, m)]);
