/**
 * The live region a form reports its failure in. It is always in the page, so screen readers announce
 * a message the moment it appears; the core's message is shown as it is.
 */
export function FormError({ message, testId }: { message: string | null; testId?: string }) {
  return (
    <div className="form-error-region" aria-live="assertive">
      {message && (
        <p className="form-error" role="alert" data-testid={testId}>
          {message}
        </p>
      )}
    </div>
  );
}
