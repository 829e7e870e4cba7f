import { useEffect } from 'react';
import { useEChart } from '../../hooks/useEChart';
import { buildAccuracyOption, buildForecastOption, endsPartway, readColours, type SaleSpan } from './forecastChart';
import { AGGREGATION_TEXT } from './forecastText';
import type { ForecastSeries } from './useForecastData';

/** History and forecast with the 80 % and 95 % bands; the model table beside it gives the numbers. */
export function ForecastChart({ series, span }: { series: ForecastSeries; span: SaleSpan }) {
  const { element, chart } = useEChart();
  useEffect(() => {
    const node = element.current;
    if (chart.current && node) chart.current.setOption(buildForecastOption(series, span, readColours(node)), { notMerge: true });
  }, [series, span.first, span.last]);

  const unit = AGGREGATION_TEXT[series.aggregation].unit;
  const partway = span.last !== null && endsPartway(series, span.last);
  return (
    <>
      <div
        ref={element}
        className="forecast-chart"
        data-testid="forecast-chart"
        data-points={series.forecast.length}
        data-history={series.history.length}
        role="img"
        aria-label={`${series.name}: units sold a ${unit} over ${series.history.length} ${unit}s, then the forecast for ${series.forecast.length} ${unit}s with its 80 % and 95 % ranges.`}
      />
      {partway && (
        <p className="form-note forecast-chart-note">
          The {series.horizon}-day horizon ends partway through the last {unit}; that {unit} is left off the chart.
        </p>
      )}
    </>
  );
}

export function AccuracyChart({ accuracy }: { accuracy: NonNullable<ForecastSeries['accuracy']> }) {
  const { element, chart } = useEChart();
  useEffect(() => {
    const node = element.current;
    if (chart.current && node) chart.current.setOption(buildAccuracyOption(accuracy, readColours(node)), { notMerge: true });
  }, [accuracy]);
  return (
    <div
      ref={element}
      className="accuracy-chart"
      data-testid="accuracy-chart"
      role="img"
      aria-label={`What past forecasts said against what sold, over ${accuracy.points.length} days.`}
    />
  );
}
