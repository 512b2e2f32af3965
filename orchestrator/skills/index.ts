// Public entry of the skills library.
export { loadSkillLibrary, loadSkillsFor, resolveSkillIds, defaultSkillsDir, roleSkillId, type Skill } from './load.js';
