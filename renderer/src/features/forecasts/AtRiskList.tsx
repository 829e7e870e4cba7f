import { ErrorPanel } from '../../components/ErrorPanel';
import type { RequestState } from '../../hooks/useRequest';
import { formatCount } from '../../format/money';
import { formatDay, formatUnits } from './forecastText';
import type { AtRiskRow } from './useForecastData';

const RISK_TEXT: Record<AtRiskRow['risk'], string> = { stockout: 'Runs out', low: 'Low', ok: 'OK' };

interface AtRiskListProps {
  state: RequestState<AtRiskRow[]> & { retry: () => void };
  selectedSku: string | undefined;
  /** Whether a forecasting run has completed: cover is measured against its forecasts. */
  trained: boolean;
  onOpen: (row: AtRiskRow) => void;
}

/** The store's SKUs by days of cover, the ones expected to run out first at the top; a row opens its forecast. */
export function AtRiskList({ state, selectedSku, trained, onOpen }: AtRiskListProps) {
  const rows = state.value ?? [];
  return (
    <section className="panel forecast-at-risk" aria-labelledby="forecast-at-risk-title" aria-busy={state.status === 'loading'}>
      <h2 id="forecast-at-risk-title">Stock at risk</h2>
      <p className="form-note">Days of cover: what is on hand against the forecast demand. Choose a row to see its forecast.</p>
      {state.status === 'error' && <ErrorPanel title="The stock at risk could not be loaded" message={state.message} onRetry={state.retry} />}
      {state.status === 'ok' && rows.length === 0 && (
        <p className="form-note" data-testid="at-risk-empty">
          {trained ? 'No stock counts yet: import a stock snapshot to see cover.' : 'Cover is measured against the forecasts: the list fills once the models have been trained.'}
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll forecast-at-risk-scroll">
          <table className="data-table" data-testid="at-risk-table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">On hand</th>
                <th scope="col" className="num">A day</th>
                <th scope="col" className="num">Cover</th>
                <th scope="col">Runs out</th>
                <th scope="col">Risk</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.storeId}:${row.sku}`}
                  className={row.sku === selectedSku ? 'forecast-at-risk-row row-current' : 'forecast-at-risk-row'}
                  data-testid="at-risk-row"
                  data-sku={row.sku}
                  onClick={() => onOpen(row)}
                >
                  <td>
                    <button type="button" className="link-button" onClick={(event) => {
                        event.stopPropagation();
                        onOpen(row);
                      }}>
                      {row.name}
                    </button>
                    <span className="forecast-sku mono">{row.sku}</span>
                  </td>
                  <td>{row.category}</td>
                  <td className="num">{formatCount(row.onHand)}</td>
                  <td className="num">{formatUnits(row.dailyDemand)}</td>
                  <td className="num">{row.daysOfCover === null ? '—' : `${formatUnits(row.daysOfCover)} d`}</td>
                  <td className="nowrap">{row.stockoutDate ? formatDay(row.stockoutDate) : '—'}</td>
                  <td>
                    <span className={`forecast-risk forecast-risk-${row.risk}`}>{RISK_TEXT[row.risk]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
