import { ErrorPanel } from '../../components/ErrorPanel';
import { ScreenHeader } from '../../components/ScreenHeader';
import { Spinner } from '../../components/Spinner';
import { useRequest } from '../../hooks/useRequest';
import { client } from '../../transport';
import { useCan } from '../auth/access';
import { useAuth } from '../auth/authStore';
import { AccessLogPanel } from './AccessLogPanel';
import { RulesPanel } from './RulesPanel';
import { SettingsPanels } from './SettingsPanels';
import { TerminalsPanel } from './TerminalsPanel';

const HOST_NAMES = { electron: 'Desktop app', web: 'Browser (local)', cli: 'Command line' } as const;

export function SettingsScreen() {
  const info = useRequest('app.info', () => client.call('app.info', {}));
  const storeName = useAuth((state) => state.storeName);
  const canReadLog = useCan('audit:read');
  const canManageTerminals = useCan('terminals:manage');
  return (
    <div className="screen screen-accounts">
      <ScreenHeader title="Settings" />
      <section className="panel">
        <h2>About this installation</h2>
        {info.status === 'error' && <ErrorPanel message={info.message} onRetry={info.retry} />}
        {info.status === 'loading' && <Spinner />}
        {info.value && (
          <dl className="facts">
            {storeName && (
              <>
                <dt>Store</dt>
                <dd>{storeName}</dd>
              </>
            )}
            <dt>Version</dt>
            <dd>{info.value.version}</dd>
            <dt>Running as</dt>
            <dd>{HOST_NAMES[info.value.host]}</dd>
            <dt>Database file</dt>
            <dd className="mono">{info.value.database.path}</dd>
            <dt>Schema version</dt>
            <dd>{info.value.database.schemaVersion}</dd>
          </dl>
        )}
      </section>
      <SettingsPanels />
      {canReadLog && <RulesPanel />}
      {canManageTerminals && <TerminalsPanel />}
      {canReadLog && <AccessLogPanel />}
      <section className="panel planned" data-testid="settings-planned">
        <h2>More settings on their way</h2>
        <p>
          {canManageTerminals
            ? 'Tills and their keys are managed above, under Terminals. '
            : 'Tills and their keys are managed here by store managers and administrators. '}
          The headquarters sync address will be set here in a later version.
        </p>
      </section>
    </div>
  );
}
