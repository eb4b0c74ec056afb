import { IsNull, type DataSource } from 'typeorm';
import {
  costCentreEntity,
  departmentEntity,
  deviceEntity,
  deviceLineEntity,
  gatewayEntity,
  lineEntity,
  userEntity,
  type CostCentreRow,
  type DepartmentRow,
  type DeviceLineRow,
  type DeviceRow,
  type GatewayRow,
  type LineRow,
  type UserRow,
} from '../store/index.js';
import { listUsers, type UserListPage, type UserListQuery } from './list-users.js';

export interface UserView extends UserRow {
  departmentName: string | null;
  costCentreCode: string | null;
}

export interface DeviceView {
  id: number;
  name: string;
  model: string;
  ipAddress: string | null;
}

export interface LineView extends LineRow {
  user: UserView | null;
  devices: DeviceView[];
}

/** Everything a cache needs to answer directory questions without the database (CURRI, the CDR worker). */
export interface DirectorySnapshot {
  users: UserView[];
  lines: LineView[];
  devices: Array<DeviceView & { userId: number | null; lineIds: number[] }>;
  gateways: GatewayRow[];
  departments: DepartmentRow[];
  costCentres: CostCentreRow[];
}

/** Queries other modules use to learn who is who. Reads only. */
export interface DirectoryReadModel {
  /** A live device (e.g. SEP001122334455) with its lines in button order, or null (also when a sync marked it gone). */
  deviceByName(name: string): Promise<(DeviceView & { lines: LineView[] }) | null>;
  /** The live lines with this extension: one per partition it exists in (lines a sync marked gone are left out). */
  linesByExtension(extension: string): Promise<LineView[]>;
  lineById(id: number): Promise<LineView | null>;
  userById(id: number): Promise<UserView | null>;
  userByUsername(username: string): Promise<UserView | null>;
  /** Lines owned by any of these users. */
  linesOfUsers(userIds: number[]): Promise<LineView[]>;
  usersInDepartment(departmentId: number): Promise<UserView[]>;
  usersInCostCentre(costCentreId: number): Promise<UserView[]>;
  departmentByName(name: string): Promise<DepartmentRow | null>;
  /** Names of the departments whose manager is this username. */
  departmentsManagedBy(username: string): Promise<string[]>;
  costCentreByCode(code: string): Promise<CostCentreRow | null>;
  snapshot(): Promise<DirectorySnapshot>;
  /** The site of a user's first line (by extension), or null: where their time zone comes from. */
  siteOfUser(userId: number): Promise<string | null>;
  /**
   * One page of the users in a viewer's scope, filtered and sorted by name, with their lines (the web's Users
   * list).
   */
  listUsers(query: UserListQuery): Promise<UserListPage>;
}

export function createDirectoryReadModel(deps: { dataSource: DataSource }): DirectoryReadModel {
  const ds = deps.dataSource;
  const live = { goneAt: IsNull() };
  const find = <T>(entity: { options: { name: string } }, where: Record<string, unknown> = {}) =>
    ds.getRepository(entity.options.name).findBy(where as never) as Promise<T[]>;

  /** Only the rows asked for: a phone menu names one user, not the whole directory. */
  async function byIds<T>(entity: { options: { name: string } }, ids: number[]): Promise<T[]> {
    if (ids.length === 0) return [];
    return (await ds
      .getRepository(entity.options.name)
      .createQueryBuilder('t')
      .where('t.id IN (:...ids)', { ids })
      .getMany()) as T[];
  }

  async function viewUsers(users: UserRow[]): Promise<UserView[]> {
    if (users.length === 0) return [];
    const ids = (pick: (u: UserRow) => number | null) => [
      ...new Set(users.map(pick).filter((id): id is number => id !== null)),
    ];
    const [departments, costCentres] = await Promise.all([
      byIds<DepartmentRow>(
        departmentEntity,
        ids((u) => u.departmentId),
      ),
      byIds<CostCentreRow>(
        costCentreEntity,
        ids((u) => u.costCentreId),
      ),
    ]);
    const dept = new Map(departments.map((d) => [d.id, d.name]));
    const cc = new Map(costCentres.map((c) => [c.id, c.code]));
    return users.map((u) => ({
      ...u,
      departmentName: u.departmentId === null ? null : (dept.get(u.departmentId) ?? null),
      costCentreCode: u.costCentreId === null ? null : (cc.get(u.costCentreId) ?? null),
    }));
  }

  async function viewLines(lines: LineRow[]): Promise<LineView[]> {
    if (lines.length === 0) return [];
    const lineIds = lines.map((l) => l.id);
    const links = (await ds
      .getRepository<DeviceLineRow>(deviceLineEntity.options.name)
      .createQueryBuilder('dl')
      .where('dl.line_id IN (:...lineIds)', { lineIds })
      .getMany()) as DeviceLineRow[];
    const deviceIds = [...new Set(links.map((l) => l.deviceId))];
    const devices = deviceIds.length
      ? ((await ds
          .getRepository<DeviceRow>(deviceEntity.options.name)
          .createQueryBuilder('d')
          .where('d.id IN (:...deviceIds)', { deviceIds })
          .getMany()) as DeviceRow[])
      : [];
    const deviceById = new Map(devices.map((d) => [d.id, d]));
    const userIds = [...new Set(lines.map((l) => l.userId).filter((id): id is number => id !== null))];
    const users = userIds.length
      ? await viewUsers(
          (await ds
            .getRepository<UserRow>(userEntity.options.name)
            .createQueryBuilder('u')
            .where('u.id IN (:...userIds)', { userIds })
            .getMany()) as UserRow[],
        )
      : [];
    const userById = new Map(users.map((u) => [u.id, u]));
    return lines.map((line) => ({
      ...line,
      user: line.userId === null ? null : (userById.get(line.userId) ?? null),
      devices: links
        .filter((l) => l.lineId === line.id)
        .map((l) => deviceById.get(l.deviceId))
        .filter((d): d is DeviceRow => d !== undefined)
        .map(toDeviceView),
    }));
  }

  return {
    listUsers: (query) => listUsers(ds, query),
    async siteOfUser(userId) {
      const line = await ds
        .getRepository<LineRow>(lineEntity.options.name)
        .findOne({ where: { userId }, order: { extension: 'ASC' } });
      return line?.site ?? null;
    },
    async deviceByName(name) {
      const device = await ds.getRepository<DeviceRow>(deviceEntity.options.name).findOneBy({ name, goneAt: IsNull() });
      if (!device) return null;
      const links = (await find<DeviceLineRow>(deviceLineEntity, { deviceId: device.id })).sort(
        (a, b) => a.position - b.position,
      );
      const lines = links.length
        ? ((await ds
            .getRepository<LineRow>(lineEntity.options.name)
            .createQueryBuilder('l')
            .where('l.id IN (:...ids)', { ids: links.map((l) => l.lineId) })
            .getMany()) as LineRow[])
        : [];
      const order = new Map(links.map((l) => [l.lineId, l.position]));
      lines.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      return { ...toDeviceView(device), lines: await viewLines(lines) };
    },
    async linesByExtension(extension) {
      return viewLines(await find<LineRow>(lineEntity, { extension, ...live }));
    },
    async lineById(id) {
      return (await viewLines(await find<LineRow>(lineEntity, { id })))[0] ?? null;
    },
    async userById(id) {
      return (await viewUsers(await find<UserRow>(userEntity, { id })))[0] ?? null;
    },
    async userByUsername(username) {
      return (await viewUsers(await find<UserRow>(userEntity, { username })))[0] ?? null;
    },
    async linesOfUsers(userIds) {
      if (userIds.length === 0) return [];
      const lines = (await ds
        .getRepository<LineRow>(lineEntity.options.name)
        .createQueryBuilder('l')
        .where('l.user_id IN (:...userIds)', { userIds })
        .getMany()) as LineRow[];
      return viewLines(lines);
    },
    async usersInDepartment(departmentId) {
      return viewUsers(await find<UserRow>(userEntity, { departmentId }));
    },
    async usersInCostCentre(costCentreId) {
      return viewUsers(await find<UserRow>(userEntity, { costCentreId }));
    },
    async departmentByName(name) {
      return ds.getRepository<DepartmentRow>(departmentEntity.options.name).findOneBy({ name });
    },
    async departmentsManagedBy(username) {
      const departments = ds.getRepository<DepartmentRow>(departmentEntity.options.name);
      const rows = await departments.findBy({ managerUsername: username });
      return rows.map((d) => d.name).sort();
    },
    async costCentreByCode(code) {
      return ds.getRepository<CostCentreRow>(costCentreEntity.options.name).findOneBy({ code });
    },
    async snapshot() {
      const [users, lines, devices, links, gateways, departments, costCentres] = await Promise.all([
        // Rows a directory sync marked gone stay for reports and history, but are no longer live.
        find<UserRow>(userEntity, live),
        find<LineRow>(lineEntity, live),
        find<DeviceRow>(deviceEntity, live),
        find<DeviceLineRow>(deviceLineEntity),
        find<GatewayRow>(gatewayEntity, live),
        find<DepartmentRow>(departmentEntity),
        find<CostCentreRow>(costCentreEntity),
      ]);
      const userViews = await viewUsers(users);
      const userById = new Map(userViews.map((u) => [u.id, u]));
      const deviceById = new Map(devices.map((d) => [d.id, d]));
      // Group the device links once: per-line filtering made a large directory's snapshot quadratic.
      const sortedLinks = [...links].sort((a, b) => a.position - b.position);
      const devicesByLine = new Map<number, DeviceView[]>();
      const linesByDevice = new Map<number, number[]>();
      for (const link of sortedLinks) {
        const device = deviceById.get(link.deviceId);
        if (device) devicesByLine.set(link.lineId, [...(devicesByLine.get(link.lineId) ?? []), toDeviceView(device)]);
        linesByDevice.set(link.deviceId, [...(linesByDevice.get(link.deviceId) ?? []), link.lineId]);
      }
      return {
        users: userViews,
        lines: lines.map((line) => ({
          ...line,
          user: line.userId === null ? null : (userById.get(line.userId) ?? null),
          devices: devicesByLine.get(line.id) ?? [],
        })),
        devices: devices.map((d) => ({ ...toDeviceView(d), userId: d.userId, lineIds: linesByDevice.get(d.id) ?? [] })),
        gateways,
        departments,
        costCentres,
      };
    },
  };
}

function toDeviceView(d: DeviceRow): DeviceView {
  return { id: d.id, name: d.name, model: d.model, ipAddress: d.ipAddress };
}
