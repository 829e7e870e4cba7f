import type { SettingsView } from '../../../../shared/contract/documents';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { useCan } from '../auth/access';
import { useAuth } from '../auth/authStore';
import { SETTINGS_SPECS } from './settingsFields';
import { SettingsPanel } from './SettingsPanel';
import { TerminalApiStatusLine } from './TerminalApiStatusLine';
import { useSettings } from './useSettings';
import { useTerminalApiStatus } from './useTerminals';

/**
 * The app settings, one panel per group, live: a change saved in another window (or by another
 * user) shows here without a reload. Anyone may read them; settings:write may change them.
 */
export function SettingsPanels() {
  const { state, receive, retry } = useSettings();
  const canEdit = useCan('settings:write');
  const apiStatus = useTerminalApiStatus();

  if (state.status !== 'ok') {
    return (
      <section className="panel" aria-label="Settings">
        {state.status === 'error' ? <ErrorPanel title="The settings could not be read" message={state.message} onRetry={retry} /> : <Spinner />}
      </section>
    );
  }

  const saved = (view: SettingsView) => {
    receive(view);
    // This session's own idle lock follows a new limit at once, not at the next keep-alive.
    const { session, sessionUpdated } = useAuth.getState();
    const idleMinutes = view.values.sessions.idleMinutes;
    if (session && session.idleMinutes !== idleMinutes) sessionUpdated({ ...session, idleMinutes });
  };

  return (
    <div className="settings-grid">
      {SETTINGS_SPECS.map((spec) => (
        <SettingsPanel
          key={spec.group}
          spec={spec}
          values={state.view.values[spec.group]}
          changed={state.view.changed[spec.group]}
          canEdit={canEdit}
          onSaved={saved}
        >
          {spec.group === 'terminalApi' && <TerminalApiStatusLine status={apiStatus} />}
        </SettingsPanel>
      ))}
    </div>
  );
}
