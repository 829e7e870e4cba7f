import { ErrorPanel } from '../../components/ErrorPanel';
import { ScreenHeader } from '../../components/ScreenHeader';
import { ChooseFileStep } from './ChooseFileStep';
import { JobStep } from './JobStep';
import { MappingStep } from './MappingStep';
import { useImportWizard, type WizardStep } from './useImportWizard';

const STEPS = ['Choose a file', 'Match the columns', 'Import'] as const;

function stepIndex(state: WizardStep): number {
  return state.step === 'choose' || state.step === 'uploading' ? 0 : state.step === 'mapping' ? 1 : 2;
}

/**
 * The import wizard (audit:append): events into the log, or sales and stock history for forecasting,
 * from CSV, JSON or JSON Lines files. Nothing is stored before the last step; bad rows are reported,
 * never guessed at.
 */
export default function ImportScreen() {
  const wizard = useImportWizard();
  const current = stepIndex(wizard.state);
  return (
    <div className="screen screen-import">
      <ScreenHeader title="Import" subtitle="Bring in exports from till systems and other logs, or sales and stock history for forecasts." />
      <ol className="wizard-steps" aria-label="Import steps">
        {STEPS.map((label, i) => (
          <li key={label} className={i === current ? 'current' : i < current ? 'done' : undefined} aria-current={i === current ? 'step' : undefined}>
            <span className="wizard-step-number">{i + 1}</span>
            {label}
          </li>
        ))}
      </ol>
      {wizard.error && <ErrorPanel title="That did not work" message={wizard.error} />}
      {(wizard.state.step === 'choose' || wizard.state.step === 'uploading') && <ChooseFileStep wizard={wizard} />}
      {wizard.state.step === 'mapping' && <MappingStep wizard={wizard} preview={wizard.state.preview} />}
      {wizard.state.step === 'importing' && <JobStep wizard={wizard} job={wizard.state.job} />}
    </div>
  );
}
