import { useId, useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { AuthCard } from './AuthCard';
import { useAuth } from './authStore';

/**
 * The recovery key, shown once: the core forgets it after setup, so this screen is the only chance
 * to write it down. Continue stays off until the user says they have.
 */
export function RecoveryKeyScreen({ recoveryKey }: { recoveryKey: string }) {
  const [confirmed, setConfirmed] = useState(false);
  const id = useId();
  return (
    <AuthCard title="Your recovery key" testId="recovery-screen">
      <p className="recovery-lead">
        Write it down and keep it somewhere safe — it is the only way to open this log on another computer or after the
        keychain is lost. Watchdog shows it only this once.
      </p>
      <div className="recovery-box">
        <code className="recovery-key" data-testid="recovery-key" aria-label="Recovery key">
          {recoveryKey}
        </code>
        <CopyButton value={recoveryKey} label="Copy the recovery key" />
      </div>
      <p className="recovery-note">
        Keep it on paper or in a password manager, not in a file on this computer: whoever has the key and the database
        file can open the log.
      </p>
      <div className="check-field">
        <input
          id={id}
          type="checkbox"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.target.checked)}
          autoFocus
          data-testid="recovery-confirm"
        />
        <label htmlFor={id}>I have written it down</label>
      </div>
      <button
        type="button"
        className="button button-primary auth-submit"
        disabled={!confirmed}
        onClick={() => useAuth.getState().recoveryShown()}
        data-testid="recovery-continue"
      >
        Continue
      </button>
    </AuthCard>
  );
}
