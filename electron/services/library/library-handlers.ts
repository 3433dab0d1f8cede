import type { ContractHandlers } from '../../contract/contract.js';
import type { GeneratorEntry } from '../../contract/library-schemas.js';
import { EvidenceAttribution } from '../analysis/evidence-attribution.js';
import type { Workstation } from '../workstation.js';
import { workstationLibrary } from './library-for-workstation.js';

type LibraryChannels = 'library:overview' | 'library:createGenerator' | 'library:validate' | 'analysis:attribute' | 'analysis:results';

/** The `library:*` and `analysis:*` channels over the workstation's library. */
export function createLibraryHandlers(ws: Workstation): Pick<ContractHandlers, LibraryChannels> {
  const library = () => workstationLibrary(ws).service;
  const attribution = () => new EvidenceAttribution(ws, library());
  return {
    'library:overview': () => ({ libraryHash: library().libraryHash(), generators: library().listGenerators() }),
    'library:createGenerator': (input): GeneratorEntry => ({ ...library().createGenerator(input), references: 0 }),
    'library:validate': async ({ folds }) => {
      const current = await library().validate(folds);
      return {
        packId: current.packId,
        packVersion: current.packVersion,
        libraryHash: current.libraryHash,
        modelHash: current.fitted.hash,
        ...current.validation!,
      };
    },
    'analysis:attribute': ({ evidenceId }) => attribution().attribute(evidenceId),
    'analysis:results': ({ evidenceId }) => attribution().results(evidenceId),
  };
}
