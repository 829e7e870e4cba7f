import { useId } from 'react';
import { roleOptions, type RoleSummary } from './userText';

interface RoleSelectProps {
  roles: readonly RoleSummary[];
  value: string;
  onChange: (role: string) => void;
  invalid?: boolean;
  testId?: string;
}

/** Built-in and custom roles; what each allows is listed under Roles on the same screen. */
export function RoleSelect({ roles, value, onChange, invalid, testId }: RoleSelectProps) {
  const id = useId();
  const options = roleOptions(roles);
  // A role deleted since the list was read still shows as selected.
  const known = options.some((o) => o.value === value);
  return (
    <div className="field">
      <label htmlFor={id}>Role</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} data-testid={testId}>
        {!known && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
