import { plain } from '../accounts/plain'
export const storageReachesDomain = plain
