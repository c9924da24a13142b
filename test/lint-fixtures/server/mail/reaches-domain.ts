import { plain } from '../accounts/plain'
export const mailReachesDomain = plain
