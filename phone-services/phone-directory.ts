/** The directory queries the phone service needs (the directory read model provides them). */
export interface PhoneLine {
  id: number;
  extension: string;
  partition: string;
  /** The line's site (its time zone is the user's), or null for the default site. */
  site: string | null;
  user: { language: string | null } | null;
}

export interface PhoneDevice {
  name: string;
  model: string;
  ipAddress: string | null;
  lines: PhoneLine[];
}

export interface PhoneDirectory {
  deviceByName(name: string): Promise<PhoneDevice | null>;
  lineById(id: number): Promise<{ devices: Array<{ name: string; ipAddress: string | null }> } | null>;
}

/** The label a user knows a line by: its extension, with the partition when the phone carries that extension twice. */
export function lineLabel(line: PhoneLine, all: PhoneLine[]): string {
  const twice = all.filter((l) => l.extension === line.extension).length > 1;
  return twice && line.partition !== '' ? `${line.extension} ${line.partition}` : line.extension;
}
