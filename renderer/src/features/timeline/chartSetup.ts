import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  BrushComponent,
  GridComponent,
  TooltipComponent,
  type BrushComponentOption,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the histogram draws is registered, so the bundle carries a fraction of echarts.
echarts.use([BarChart, GridComponent, TooltipComponent, BrushComponent, CanvasRenderer]);

export type HistogramOption = echarts.ComposeOption<
  BarSeriesOption | GridComponentOption | TooltipComponentOption | BrushComponentOption
>;

