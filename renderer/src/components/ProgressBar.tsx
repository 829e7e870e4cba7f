interface ProgressBarProps {
  label: string;
  done: number;
  /** 0 when the total is not known yet: the bar then moves without claiming a percentage. */
  total: number;
  testId?: string;
}

export function ProgressBar({ label, done, total, testId }: ProgressBarProps) {
  const known = total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-label">
        <span>{label}</span>
        {known && <span className="progress-figure">{percent}%</span>}
      </div>
      <div
        className={known ? 'progress-track' : 'progress-track progress-indeterminate'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? percent : undefined}
      >
        <div className="progress-fill" style={known ? { width: `${percent}%` } : undefined} />
      </div>
    </div>
  );
}
