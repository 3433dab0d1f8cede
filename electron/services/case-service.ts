import { randomUUID } from 'node:crypto';
import { CausalPrintError } from '../contract/errors.js';
import type { Case, NewCase } from '../contract/schemas.js';
import type { CasesRepository } from '../../database/repositories/cases-repository.js';
import type { Db } from '../../database/open-database.js';
import type { AuditLog } from './audit-log.js';

type CaseChanges = Partial<Pick<Case, 'title' | 'description' | 'status'>>;

/** Opening, finding and changing cases; every change is audited in the same transaction. */
export class CaseService {
  constructor(
    private readonly db: Db,
    private readonly cases: CasesRepository,
    private readonly audit: AuditLog,
    private readonly now: () => string,
  ) {}

  create(input: Required<NewCase>): Case {
    const at = this.now();
    const record = {
      id: randomUUID(),
      number: input.number.trim(),
      title: input.title.trim(),
      examiner: input.examiner.trim(),
      description: input.description,
      status: 'open' as const,
      createdAt: at,
      updatedAt: at,
    };
    this.db.transaction(() => {
      if (this.cases.getByNumber(record.number)) {
        throw new CausalPrintError('CONFLICT', `A case numbered "${record.number}" already exists; choose another number.`, {
          field: 'number',
        });
      }
      this.cases.insert(record);
      this.audit.append(record.id, 'case.created', {
        number: record.number,
        title: record.title,
        examiner: record.examiner,
        description: record.description,
      });
    }).immediate();
    return this.get(record.id);
  }

  get(id: string): Case {
    const found = this.cases.get(id);
    if (!found) throw new CausalPrintError('NOT_FOUND', `No case with id ${id}.`);
    return found;
  }

  /** Finds a case by id or by number (case-insensitive), for the CLI. */
  resolve(idOrNumber: string): Case {
    const found = this.cases.get(idOrNumber) ?? this.cases.getByNumber(idOrNumber);
    if (!found) throw new CausalPrintError('NOT_FOUND', `No case with number or id "${idOrNumber}".`);
    return found;
  }

  list(search?: string): Case[] {
    return this.cases.list(search);
  }

  update(id: string, changes: CaseChanges): Case {
    this.db.transaction(() => {
      const before = this.get(id);
      const changed = Object.fromEntries(
        (Object.keys(changes) as (keyof CaseChanges)[])
          .filter((key) => changes[key] !== undefined && changes[key] !== before[key])
          .map((key) => [key, { from: before[key], to: changes[key] }]),
      );
      if (Object.keys(changed).length === 0) return;
      this.cases.update(id, changes, this.now());
      this.audit.append(id, 'case.updated', { changes: changed });
    }).immediate();
    return this.get(id);
  }
}
