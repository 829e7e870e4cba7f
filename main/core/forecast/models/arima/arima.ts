import { normalForecast } from '../../intervals';
import type { FittedModel, Forecast } from '../../types';
import { cssResiduals, sparse } from './arma-likelihood';
import { difference, differencingOf, expanded, fitArimaOrder, integratedAr, orderName, type ArimaFit } from './arima-fit';

/**
 * A fitted ARIMA: forecasts of the differenced series by the ARMA recursion (future errors zero,
 * past ones the model's residuals), turned back into levels through the differencing polynomial.
 * Intervals come from the ψ-weights of the whole model: Var(h) = σ²·Σ_{j<h} ψ_j².
 */
export class ArimaModel implements FittedModel {
  readonly family = 'arima';
  readonly description: string;
  readonly aicc: number;

  constructor(
    private readonly y: readonly number[],
    readonly fit: ArimaFit,
  ) {
    this.description = orderName(fit.order);
    this.aicc = fit.aicc;
  }

  pointForecast(h: number): number[] {
    const { order, coef } = this.fit;
    const w = difference(this.y, order.d, order.D, order.m);
    const { phi, theta } = expanded(order, coef);
    const z = Float64Array.from(w, (v) => v - coef.mu);
    const e = new Float64Array(z.length + h);
    cssResiduals(z, sparse([1, ...phi.map((v) => -v)], -1), sparse([1, ...theta], 1), order.p + order.P * order.m, e);
    const zz = new Float64Array(z.length + h);
    zz.set(z);
    const n = z.length;
    for (let i = 0; i < h; i++) {
      const t = n + i;
      let value = 0;
      for (let k = 0; k < phi.length; k++) if (t - k - 1 >= 0) value += phi[k]! * zz[t - k - 1]!;
      for (let j = 0; j < theta.length; j++) if (t - j - 1 >= 0 && t - j - 1 < n) value += theta[j]! * e[t - j - 1]!;
      zz[t] = value;
    }
    // y_t = w_t − Σ δ_i y_{t−i}, with δ the differencing polynomial [1, δ1, …].
    const delta = differencingOf(order);
    const levels = [...this.y];
    for (let i = 0; i < h; i++) {
      const t = levels.length;
      let value = zz[n + i]! + coef.mu;
      for (let k = 1; k < delta.length; k++) value -= delta[k]! * levels[t - k]!;
      levels.push(value);
    }
    return levels.slice(this.y.length);
  }

  forecast(h: number): Forecast {
    return normalForecast(this.pointForecast(h), this.psiWeights(h).map((_, i, psi) => Math.sqrt(this.fit.sigma2 * psi.slice(0, i + 1).reduce((a, v) => a + v * v, 0))));
  }

  refit(y: readonly number[]): FittedModel {
    // As in the search: CSS on long or highly seasonal series, CSS-ML on the others.
    const method = y.length > 150 || this.fit.order.m > 12 ? 'CSS' : 'ML';
    const fit = fitArimaOrder(y, this.fit.order, method, this.fit.coef) ?? fitArimaOrder(y, { ...this.fit.order, p: 0, q: 0, P: 0, Q: 0 }, 'CSS');
    return fit ? new ArimaModel(y, fit) : this;
  }

  /** ψ_0 = 1, ψ_j = θ_j − Σ_{i=1..j} c_i ψ_{j−i}, with c the integrated AR polynomial [1, c1, …]. */
  psiWeights(h: number): number[] {
    const { theta } = expanded(this.fit.order, this.fit.coef);
    const c = integratedAr(this.fit.order, this.fit.coef);
    const psi = [1];
    for (let j = 1; j < h; j++) {
      let value = theta[j - 1] ?? 0;
      for (let i = 1; i <= j && i < c.length; i++) value -= c[i]! * psi[j - i]!;
      psi.push(value);
    }
    return psi;
  }
}
