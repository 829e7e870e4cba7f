import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

/**
 * An echarts instance on a div for the component's life: made once (canvas), resized with its box,
 * disposed on unmount. `wire` adds the chart's gestures once; handlers read changing props through
 * refs. The caller registers the chart types it uses (`echarts.use`) in its own chart module.
 */
export function useEChart(wire?: (chart: echarts.ECharts) => void) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const wireOnce = useRef(wire);

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const instance = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    wireOnce.current?.(instance);
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(node);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  return { element, chart };
}
