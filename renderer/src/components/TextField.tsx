import { useId, type ReactNode, type Ref } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'number';
  autoComplete?: string;
  autoFocus?: boolean;
  required?: boolean;
  /** Named by the core's field errors (or a local check): marked invalid for assistive technology. */
  invalid?: boolean;
  hint?: ReactNode;
  testId?: string;
  className?: string;
  inputRef?: Ref<HTMLInputElement>;
  min?: number;
  max?: number;
  readOnly?: boolean;
  monospace?: boolean;
}

/** A labelled input with an optional hint below it, tied together for screen readers. */
export function TextField({ label, value, onChange, type = 'text', hint, invalid, testId, className, inputRef, monospace, ...rest }: TextFieldProps) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        data-testid={testId}
        className={monospace ? 'mono' : undefined}
        spellCheck={type === 'text' ? false : undefined}
        {...rest}
      />
      {hint && (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}
