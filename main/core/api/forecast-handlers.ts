import type { ChannelName } from '../../../shared/contract';
import type { ForecastQueries } from '../forecast/service/forecast-queries';
import type { ForecastService } from '../forecast/service/forecast-service';
import type { Handler } from './router';

type ForecastChannel = 'forecast.catalog' | 'forecast.series' | 'forecast.atRisk' | 'forecast.run';

export type ForecastHandlers = { [C in ForecastChannel & ChannelName]: Handler<C> };

export interface ForecastHandlerDeps {
  service: ForecastService;
  queries: ForecastQueries;
}

/** Forecasting over the sales history: thin, the work is in main/core/forecast/service/. */
export function createForecastHandlers(deps: ForecastHandlerDeps): ForecastHandlers {
  return {
    'forecast.catalog': () => deps.queries.catalog(),
    'forecast.series': (input) => deps.queries.series(input),
    'forecast.atRisk': (input) => deps.queries.atRisk(input),
    'forecast.run': ({ lstm }) => deps.service.run({ lstm }),
  };
}
