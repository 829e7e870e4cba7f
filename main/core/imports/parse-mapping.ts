import { AppError, describeFields, fieldErrors } from '../api/errors';
import { checkMapping, MappingSchema, type Mapping } from './mapping';

/**
 * A mapping from JSON (a file, the app's memory of a source): checked against the schema and, when
 * `columns` are given, the file's columns. Throws BAD_INPUT listing every problem.
 */
export function parseMapping(json: unknown, columns: readonly string[] | null = null): Mapping {
  const mapping = parseMappingShape(json);
  const problems = checkMapping(mapping, columns);
  if (problems.length) throw new AppError('BAD_INPUT', `The mapping cannot be used: ${describeFields(problems, 10)}.`, problems);
  return mapping;
}

/** Only the shape (for trying an unfinished mapping on a few rows): defaults filled in, nothing more checked. */
export function parseMappingShape(json: unknown): Mapping {
  const parsed = MappingSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = fieldErrors(parsed.error.issues);
  throw new AppError('BAD_INPUT', `The mapping cannot be used: ${describeFields(problems, 10)}.`, problems);
}
