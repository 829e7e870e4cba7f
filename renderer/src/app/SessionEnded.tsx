export function SessionEnded() {
  return (
    <div className="session-ended" role="alert" data-testid="session-ended">
      <div className="session-ended-card">
        <span className="brand-mark" aria-hidden="true">W</span>
        <h1>This browser’s session has ended — reopen the address Watchdog printed</h1>
        <p>
          For your protection Watchdog only answers a browser that was opened with the address it printed when it
          started (it starts with <code>http://127.0.0.1</code>). Go back to the window where Watchdog is running, copy
          that address and open it again, then log in. Nothing you were looking at has been changed.
        </p>
      </div>
    </div>
  );
}
