import { formatMetric, formatPercent, modelName } from './forecastText';
import type { ForecastSeries } from './useForecastData';

type ModelScore = ForecastSeries['models'][number];

/**
 * Every model the backtest compared, the chosen one marked. A model that lost (the LSTM often does on
 * short, noisy series) stays in the table: the comparison is the evidence for the choice.
 */
export function ModelTable({ series }: { series: ForecastSeries }) {
  const untested = series.models.every((m) => m.backtest === null);
  return (
    <section className="panel forecast-models" aria-labelledby="forecast-models-title">
      <h2 id="forecast-models-title">Model comparison</h2>
      <p className="form-note">
        Rolling-origin backtest: each model forecast the past from earlier data, then was scored against what sold. Lower is better;
        a MASE under 1 beats repeating last season.
      </p>
      {series.models.length === 0 ? (
        <p className="form-note">No model has been fitted to this series yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table forecast-model-table" data-testid="model-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Structure</th>
                <th scope="col" className="num" title="Mean absolute scaled error">MASE</th>
                <th scope="col" className="num" title="Root mean squared scaled error">RMSSE</th>
                <th scope="col" className="num" title="Mean absolute error, in units">MAE</th>
                <th scope="col" className="num" title="Root mean squared error, in units">RMSE</th>
                <th scope="col" className="num" title="Mean absolute percentage error">MAPE</th>
              </tr>
            </thead>
            <tbody>
              {series.models.map((model) => (
                <ModelRow key={`${model.name}:${model.description}`} model={model} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {untested && series.models.length > 0 && (
        <p className="form-note">This series is too short to backtest; the model was chosen by its fit alone.</p>
      )}
    </section>
  );
}

function ModelRow({ model }: { model: ModelScore }) {
  const b = model.backtest;
  return (
    <tr className={model.chosen ? 'row-current' : undefined} data-testid="model-row" data-model={model.name} data-chosen={model.chosen}>
      <th scope="row" className="forecast-model-name">
        {modelName(model.name)}
        {model.chosen && (
          <span className="forecast-chosen" data-testid="model-chosen">
            Chosen
          </span>
        )}
      </th>
      <td className="mono forecast-model-structure">{model.description || '—'}</td>
      <td className="num">{formatMetric(b?.mase)}</td>
      <td className="num">{formatMetric(b?.rmsse)}</td>
      <td className="num">{formatMetric(b?.mae)}</td>
      <td className="num">{formatMetric(b?.rmse)}</td>
      <td className="num">{formatPercent(b?.mape)}</td>
    </tr>
  );
}
