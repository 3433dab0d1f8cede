// Electron is mocked here once for every unit test (filled in by the shell's tests).
