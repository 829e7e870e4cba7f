import { useEffect, type ReactNode } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { keepAlive, startAuth } from './authActions';
import { AuthCard } from './AuthCard';
import { useAuth } from './authStore';
import { ChangePasswordScreen } from './ChangePasswordScreen';
import { LockScreen } from './LockScreen';
import { LoginScreen } from './LoginScreen';
import { RecoveryKeyScreen } from './RecoveryKeyScreen';
import { SetupScreen } from './SetupScreen';
import { useIdleLock } from './useIdleLock';

/**
 * The app opens only for a logged-in user whose password is their own. Everything before that (first
 * run, login, the lock after inactivity) is a screen of its own; while one shows, none of the app is
 * mounted, so nothing behind a lock keeps asking the core for data.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const phase = useAuth((state) => state.phase);
  const session = useAuth((state) => state.session);

  useEffect(() => {
    void startAuth();
  }, []);

  useIdleLock({
    active: phase.name === 'ready' && session !== null,
    idleMinutes: session?.idleMinutes ?? 15,
    onIdle: () => {
      const minutes = session?.idleMinutes ?? 0;
      useAuth.getState().sessionLocked(`Watchdog locked after ${minutes} minute${minutes === 1 ? '' : 's'} without activity.`);
    },
    // A failure is the session watcher's business (it shows the lock or login screen).
    onActive: () => void keepAlive().catch(() => undefined),
  });

  switch (phase.name) {
    case 'starting':
      return (
        <div className="auth-page" aria-busy="true">
          <Spinner label="Starting Watchdog…" />
        </div>
      );
    case 'unavailable':
      return (
        <AuthCard title="Watchdog is not answering">
          <ErrorPanel title="Could not start" message={phase.message} onRetry={() => void startAuth()} />
        </AuthCard>
      );
    case 'setup':
      return <SetupScreen />;
    case 'recovery':
      return <RecoveryKeyScreen recoveryKey={phase.recoveryKey} />;
    case 'login':
      return <LoginScreen notice={phase.notice} />;
    case 'locked':
      return <LockScreen notice={phase.notice} />;
    case 'ready':
      return session?.mustChangePassword ? <ChangePasswordScreen forced /> : children;
  }
}
