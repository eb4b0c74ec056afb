import { z } from 'zod';

export const databaseConfigSchema = z
  .object({
    url: z
      .string()
      .default('sqlite:./data/tollgate.db')
      .describe('sqlite:PATH (better-sqlite3, WAL mode) or postgres://USER:PASS@HOST:PORT/DB.'),
    logQueries: z.boolean().default(false).describe('Log every SQL statement at debug level.'),
  })
  .prefault({});
