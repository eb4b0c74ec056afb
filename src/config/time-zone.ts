import { z } from 'zod';
import { isTimeZone } from '../../tariffs/index.js';

const message = 'not an IANA time zone (e.g. Europe/Rome)';

/** An IANA time zone name, checked when the configuration loads rather than when a report first needs it. */
export const timeZoneSetting = () => z.string().refine(isTimeZone, { message });

/** As `timeZoneSetting`, where empty means "the general time zone". */
export const optionalTimeZoneSetting = () => z.string().refine((tz) => tz === '' || isTimeZone(tz), { message });
