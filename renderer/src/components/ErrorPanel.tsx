interface ErrorPanelProps {
  title?: string;
  message: string;
  onRetry?: () => void;
}

/** The core's own message is shown as-is: it is written for the user and says what to do. */
export function ErrorPanel({ title = 'That did not work', message, onRetry }: ErrorPanelProps) {
  return (
    <div className="notice notice-error" role="alert" data-testid="error-panel">
      <div>
        <strong>{title}</strong>
        <p>{message}</p>
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
