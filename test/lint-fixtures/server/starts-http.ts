import { app } from './http/app'
export const notTheServer = app
