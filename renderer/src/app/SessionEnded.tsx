export function SessionEnded() {
  return (
    <div className="session-ended" role="alert" data-testid="session-ended">
      <div className="session-ended-card">
        <span className="brand-mark" aria-hidden="true">W</span>
        <h1>This browser tab’s session has ended — reopen the address Watchdog printed</h1>
        <p>
          For your protection each address Watchdog prints works for one session only. Go back to the window where
          Watchdog is running, copy the address it printed (it starts with <code>http://127.0.0.1</code>) and open it
          again. Nothing you were looking at has been changed.
        </p>
      </div>
    </div>
  );
}
