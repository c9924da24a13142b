// The preload: exposes exactly the console's API as window.textup — one method per operation,
// never ipcRenderer itself, and never the IPC event object. Bundled to CommonJS (sandboxed
// preloads cannot load modules).
import { contextBridge, ipcRenderer } from 'electron'
import { bindConsoleApi } from '../src-shared/ipc-channels'

const api = bindConsoleApi(
  (channel, args) => ipcRenderer.invoke(channel, ...args),
  (channel, listener) => {
    const forward = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  },
)

contextBridge.exposeInMainWorld('textup', api)
