// @ts-check
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const electronOnly = {
  name: 'electron',
  message: 'Only electron/main (the thin shell) and electron/preload may import electron.',
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'native-models/**', 'test-output/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  // The engine, services, database, server, CLI and contract never import electron.
  {
    files: ['electron/engine/**', 'electron/services/**', 'electron/server/**', 'electron/cli/**', 'electron/contract/**', 'database/**', 'renderer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly] }] },
  },
  // Inside the shell, only the IPC wrapper touches ipcMain.
  {
    files: ['electron/main/**'],
    ignores: ['electron/main/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Use electron/main/ipc.ts, the one IPC wrapper.' }] },
      ],
    },
  },
  // The renderer reaches the main process only through its api client; never node or main code.
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: ['**/electron/main/**', '**/electron/services/**', '**/electron/engine/**', '**/database/**', 'node:*'], message: 'The renderer sees only the contract.' },
          ],
        },
      ],
    },
  },
);
