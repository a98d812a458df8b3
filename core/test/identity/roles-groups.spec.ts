import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { fixture } from '../support.js';
import {
  databaseName,
  organizationIdOf,
  pathsOf,
  userIdOf,
  type AdminUser,
  type Problem,
} from './directory-lookups.js';

const hello = fileURLToPath(new URL('../../../plugins/hello', import.meta.url));

interface Role {
  key: string;
  name: Record<string, string>;
  scope: string;
  builtin: boolean;
  permissions: string[];
  allPermissions: boolean;
}

interface Group {
  key: string;
  name: string;
  roles: string[];
  organizationCount: number;
  userCount: number;
  members: {
    organizations: Array<{ id: string; name: string }>;
    users: Array<{ id: string; email: string }>;
  };
}

interface Me {
  roles: string[];
  permissions: string[];
  groups: string[];
}

describe(`identity: roles, permissions and access groups (${databaseName})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let admin: TestSession;
  let bergstromAdmin: TestSession;
  let bergstromUser: string;
  let lindqvist: string;

  const moderator = {
    key: 'greeting-moderator',
    name: { en: 'Greeting moderator', sv: 'Hälsningsmoderator' },
    scope: 'customer',
    permissions: ['hello.greeting.create', 'hello.greeting.delete'],
  };
  /**
   * Writes a greeting of the user's own organisation (customer users may) and tries to delete it:
   * 204 with the permission, 403 without.
   */
  const deleteGreeting = async (s: TestSession): Promise<number> => {
    const created = await s.post<{ id: number }>('/api/v1/hello/greetings', {
      message: 'Hej',
      authorName: 'Test',
    });
    expect(created.status).to.equal(201);
    return (await s.delete(`/api/v1/hello/greetings/${created.body.id}`)).status;
  };

  before(async () => {
    // reports: a customer permission no built-in role holds (customer admins hold hello's).
    t = await startTestPortal({ demo: true, plugins: [hello, fixture('reports')] });
    admin = await t.login('admin@nordicsupply.example');
    bergstromAdmin = await t.login('admin@bergstrombygg.example');
    bergstromUser = await userIdOf(admin, 'user@bergstrombygg.example');
    lindqvist = await organizationIdOf(admin, 'Lindqvist Industri AB');
  });
  after(() => t?.stop());

  describe('the permission catalog and roles', () => {
    it('lists every permission core and the plugins declare, with its owner', async () => {
      const r = await admin.get<{
        items: Array<{ key: string; owner: string; providerOnly: boolean; grantTo: string[] }>;
      }>('/api/v1/permissions');
      expect(r.status).to.equal(200);
      expect(r.body.items.find((p) => p.key === 'hello.greeting.delete')).to.deep.include({
        owner: 'hello',
        providerOnly: false,
      });
      expect(r.body.items.find((p) => p.key === 'core.user.manage')!.grantTo).to.deep.equal([
        'customer-admin',
      ]);
      const customer = await bergstromAdmin.get<{ items: Array<{ key: string; providerOnly: boolean }> }>(
        '/api/v1/permissions',
      );
      expect(customer.body.items.some((p) => p.providerOnly)).to.equal(false);
      expect(customer.body.items.map((p) => p.key)).to.include('core.user.manage');
    });

    it('shows the built-in roles with the permissions they give; customers see customer roles only', async () => {
      const r = await admin.get<{ items: Role[] }>('/api/v1/roles');
      expect(r.body.items.filter((x) => x.builtin).map((x) => x.key)).to.have.members([
        'provider-admin',
        'editor',
        'support',
        'customer-admin',
        'customer-user',
      ]);
      const providerAdmin = r.body.items.find((x) => x.key === 'provider-admin')!;
      expect(providerAdmin.allPermissions).to.equal(true);
      expect(providerAdmin.permissions).to.include.members(['core.audit.read', 'hello.greeting.delete']);
      const customerAdmin = r.body.items.find((x) => x.key === 'customer-admin')!;
      expect(customerAdmin.permissions).to.include('core.user.manage').and.not.include('core.audit.read');

      const customer = await bergstromAdmin.get<{ items: Role[] }>('/api/v1/roles');
      expect(customer.body.items.map((x) => x.scope)).to.satisfy((s: string[]) =>
        s.every((x) => x === 'customer'),
      );
      expect((await bergstromAdmin.get('/api/v1/roles/provider-admin')).status).to.equal(404);
      expect((await bergstromAdmin.get('/api/v1/roles/customer-user')).status).to.equal(200);
      const user = await t.login('user@bergstrombygg.example');
      expect((await user.get('/api/v1/roles')).status).to.equal(403);
      expect((await user.get('/api/v1/permissions')).status).to.equal(403);
    });

    it('refuses bad roles with field paths and creates nothing', async () => {
      const cases: Array<[Record<string, unknown>, number, string[]]> = [
        [{ ...moderator, key: 'Greeting Moderator' }, 422, ['/key']],
        [{ ...moderator, permissions: ['core.audit.read'] }, 422, ['/permissions/0']],
        [
          { ...moderator, permissions: ['hello.greeting.create', 'hello.greeting.fly'] },
          422,
          ['/permissions/1'],
        ],
        [{ ...moderator, permissions: ['*'] }, 422, ['/permissions/0']],
        [{ ...moderator, name: { sv: 'Bara svenska' } }, 422, ['/name/en']],
        [{ ...moderator, scope: 'everyone', colour: 'red' }, 422, ['/scope', '/colour']],
        [{ ...moderator, key: 'customer-admin' }, 409, ['/key']],
      ];
      for (const [body, status, paths] of cases) {
        const r = await admin.post<Problem>('/api/v1/roles', body);
        expect(r.status, JSON.stringify(body)).to.equal(status);
        expect(pathsOf(r.body)).to.include.members(paths);
      }
      const customer = await bergstromAdmin.post('/api/v1/roles', moderator);
      expect(customer.status).to.equal(403);
      const roles = await admin.get<{ items: Role[] }>('/api/v1/roles');
      expect(roles.body.items.every((x) => x.builtin)).to.equal(true);
    });

    it('keeps built-in roles as code defines them', async () => {
      const patch = await admin.patch<Problem>('/api/v1/roles/customer-user', {
        permissions: ['hello.greeting.delete'],
      });
      expect(patch.status).to.equal(409);
      expect(pathsOf(patch.body)).to.deep.equal(['/permissions']);
      expect((await admin.delete('/api/v1/roles/customer-admin')).status).to.equal(409);
      const twoFactor = await admin.patch<{ requireTwoFactor: boolean }>('/api/v1/roles/support', {
        requireTwoFactor: true,
      });
      expect(twoFactor.status).to.equal(200);
      expect(twoFactor.body.requireTwoFactor).to.equal(true);
      await admin.patch('/api/v1/roles/support', { requireTwoFactor: false });
    });
  });

  describe('a custom role', () => {
    it('grants a plugin permission to its holder, and revoking it takes effect at once', async () => {
      const created = await admin.post<Role>('/api/v1/roles', moderator);
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ key: 'greeting-moderator', builtin: false, allPermissions: false });
      expect(created.body.permissions).to.deep.equal(moderator.permissions);

      const user = await t.login('user@bergstrombygg.example');
      expect(await deleteGreeting(user)).to.equal(403);
      const assigned = await admin.put<AdminUser>(`/api/v1/users/${bergstromUser}/roles`, {
        roles: ['customer-user', 'greeting-moderator'],
      });
      expect(assigned.status).to.equal(200);
      expect(assigned.body.roles).to.deep.equal(['customer-user', 'greeting-moderator']);
      expect(await deleteGreeting(user)).to.equal(204);

      const revoked = await admin.patch<Role>('/api/v1/roles/greeting-moderator', {
        permissions: ['hello.greeting.create'],
      });
      expect(revoked.status).to.equal(200);
      expect(await deleteGreeting(user)).to.equal(403);
      expect((await user.get<Me>('/api/v1/me')).body.permissions).to.include('hello.greeting.create');

      await admin.patch('/api/v1/roles/greeting-moderator', { permissions: moderator.permissions });
      expect(await deleteGreeting(user)).to.equal(204);
    });

    it('cannot be handed out by a customer admin who lacks its permissions', async () => {
      const lindqvistUser = await userIdOf(admin, 'user@lindqvist.example');
      const bergstromColleague = await userIdOf(admin, 'admin@bergstrombygg.example');
      const exporter = { key: 'report-exporter', name: { en: 'Report exporter' }, scope: 'customer' };
      expect(
        (await admin.post('/api/v1/roles', { ...exporter, permissions: ['reports.report.export'] })).status,
      ).to.equal(201);
      const r = await bergstromAdmin.put<Problem>(`/api/v1/users/${bergstromColleague}/roles`, {
        roles: ['customer-admin', 'report-exporter'],
      });
      expect(r.status).to.equal(403);
      expect(pathsOf(r.body)).to.deep.equal(['/roles/1']);
      expect(r.body.detail).to.include('reports.report.export');
      // Nor taken away: the user keeps the role the supplier gave.
      const roles = ['customer-user', 'greeting-moderator', 'report-exporter'];
      expect((await admin.put(`/api/v1/users/${bergstromUser}/roles`, { roles })).status).to.equal(200);
      const take = await bergstromAdmin.put<Problem>(`/api/v1/users/${bergstromUser}/roles`, {
        roles: ['customer-user', 'greeting-moderator'],
      });
      expect(take.status).to.equal(403);
      expect((await admin.get<AdminUser>(`/api/v1/users/${bergstromUser}`)).body.assignedRoles).to.deep.equal(
        roles,
      );
      expect((await admin.delete('/api/v1/roles/report-exporter?force=true')).status).to.equal(204);
      expect((await admin.get<AdminUser>(`/api/v1/users/${bergstromUser}`)).body.assignedRoles).to.deep.equal(
        ['customer-user', 'greeting-moderator'],
      );
      expect(
        (await admin.get<AdminUser>(`/api/v1/users/${bergstromColleague}`)).body.assignedRoles,
      ).to.deep.equal(['customer-admin']);
      expect((await admin.get<AdminUser>(`/api/v1/users/${lindqvistUser}`)).body.roles).to.deep.equal([
        'customer-user',
      ]);
    });

    it('cannot be deleted while held, unless forced, which takes it from its holders at once', async () => {
      const user = await t.login('user@bergstrombygg.example');
      const held = await admin.delete<Problem & { held: { users: number } }>(
        '/api/v1/roles/greeting-moderator',
      );
      expect(held.status).to.equal(409);
      expect(held.body.held.users).to.equal(1);
      expect(await deleteGreeting(user)).to.equal(204);
      expect((await admin.delete('/api/v1/roles/greeting-moderator?force=true')).status).to.equal(204);
      expect(await deleteGreeting(user)).to.equal(403);
      expect((await admin.get<AdminUser>(`/api/v1/users/${bergstromUser}`)).body.roles).to.deep.equal([
        'customer-user',
      ]);
      expect((await admin.get('/api/v1/roles/greeting-moderator')).status).to.equal(404);
    });
  });

  describe('access groups', () => {
    before(async () => {
      expect((await admin.post('/api/v1/roles', moderator)).status).to.equal(201);
    });

    it('lists the groups with their member counts; customers may not see them', async () => {
      const r = await admin.get<{ items: Group[] }>('/api/v1/groups');
      expect(r.status).to.equal(200);
      const nordics = r.body.items.find((g) => g.key === 'nordics')!;
      expect(nordics).to.include({ name: 'Nordics', organizationCount: 2, userCount: 0 });
      expect((await bergstromAdmin.get('/api/v1/groups')).status).to.equal(403);
      const editor = await t.login('editor@nordicsupply.example');
      expect((await editor.get('/api/v1/groups/nordics')).status).to.equal(200);
      expect((await editor.post('/api/v1/groups', { key: 'x-group', name: 'X' })).status).to.equal(403);
    });

    it("gives a user added to a group the group's role permissions and the group key, at once", async () => {
      const created = await admin.post<Group>('/api/v1/groups', { key: 'pilot', name: 'Pilot users' });
      expect(created.status).to.equal(201);
      const roles = await admin.put<Group>('/api/v1/groups/pilot/roles', { roles: ['greeting-moderator'] });
      expect(roles.status).to.equal(200);
      expect(roles.body.roles).to.deep.equal(['greeting-moderator']);

      const user = await t.login('user@bergstrombygg.example');
      expect((await user.get<Me>('/api/v1/me')).body.groups).to.not.include('pilot');
      const added = await admin.post<Group>('/api/v1/groups/pilot/members', {
        type: 'user',
        id: bergstromUser,
      });
      expect(added.status).to.equal(200);
      expect(added.body.members.users.map((u) => u.email)).to.deep.equal(['user@bergstrombygg.example']);

      const me = await user.get<Me>('/api/v1/me');
      expect(me.body.groups).to.include('pilot');
      expect(me.body.roles).to.include('greeting-moderator');
      expect(me.body.permissions).to.include('hello.greeting.delete');
      expect(await deleteGreeting(user)).to.equal(204);
      const view = await admin.get<AdminUser>(`/api/v1/users/${bergstromUser}`);
      expect(view.body.roles).to.deep.equal(['customer-user', 'greeting-moderator']);
      expect(view.body.assignedRoles).to.deep.equal(['customer-user']);
      expect(view.body.groups).to.include('pilot');

      expect((await admin.delete(`/api/v1/groups/pilot/members/user/${bergstromUser}`)).status).to.equal(204);
      expect((await user.get<Me>('/api/v1/me')).body.groups).to.not.include('pilot');
      expect(await deleteGreeting(user)).to.equal(403);
    });

    it('sets the members of a group at once: every user of a member organisation gets its roles', async () => {
      const r = await admin.put<Group>('/api/v1/groups/pilot/members', {
        organizations: [lindqvist],
        users: [bergstromUser],
      });
      expect(r.status).to.equal(200);
      expect(r.body.members.organizations.map((o) => o.name)).to.deep.equal(['Lindqvist Industri AB']);
      const lindqvistUser = await t.login('user@lindqvist.example');
      expect((await lindqvistUser.get<Me>('/api/v1/me')).body.groups).to.include('pilot');
      expect(await deleteGreeting(lindqvistUser)).to.equal(204);
      const org = await admin.get<{ groups: string[] }>(`/api/v1/organizations/${lindqvist}`);
      expect(org.body.groups).to.include('pilot');

      const emptied = await admin.put<Group>('/api/v1/groups/pilot/members', {
        organizations: [],
        users: [],
      });
      expect(emptied.body).to.include({ organizationCount: 0, userCount: 0 });
      expect(await deleteGreeting(lindqvistUser)).to.equal(403);
    });

    it('refuses bad group input with field paths and changes nothing', async () => {
      const unknown = await admin.put<Problem>('/api/v1/groups/pilot/members', {
        organizations: [lindqvist, '00000000-0000-4000-8000-000000000000'],
        users: ['not-an-id'],
      });
      expect(unknown.status).to.equal(422);
      expect(pathsOf(unknown.body)).to.deep.equal(['/users/0']);
      const missing = await admin.put<Problem>('/api/v1/groups/pilot/members', {
        organizations: [lindqvist, '00000000-0000-4000-8000-000000000000'],
        users: [],
      });
      expect(missing.status).to.equal(422);
      expect(pathsOf(missing.body)).to.deep.equal(['/organizations/1']);
      const role = await admin.put<Problem>('/api/v1/groups/pilot/roles', {
        roles: ['greeting-moderator', 'nope'],
      });
      expect(role.status).to.equal(422);
      expect(pathsOf(role.body)).to.deep.equal(['/roles/1']);
      const key = await admin.post<Problem>('/api/v1/groups', { key: 'Pilot!', name: 'X', extra: 1 });
      expect(key.status).to.equal(422);
      expect(pathsOf(key.body)).to.include.members(['/key', '/extra']);
      const taken = await admin.post<Problem>('/api/v1/groups', { key: 'nordics', name: 'Again' });
      expect(taken.status).to.equal(409);
      const group = await admin.get<Group>('/api/v1/groups/pilot');
      expect(group.body).to.include({ organizationCount: 0, userCount: 0, name: 'Pilot users' });
      expect(group.body.roles).to.deep.equal(['greeting-moderator']);
      expect((await admin.get('/api/v1/groups/no-such-group')).status).to.equal(404);
    });

    it('renames a group, and deleting it takes its roles from its members', async () => {
      const renamed = await admin.patch<Group>('/api/v1/groups/pilot', {
        name: 'Pilot',
        description: 'Early access',
      });
      expect(renamed.body.name).to.equal('Pilot');
      await admin.post('/api/v1/groups/pilot/members', { type: 'user', id: bergstromUser });
      const user = await t.login('user@bergstrombygg.example');
      expect(await deleteGreeting(user)).to.equal(204);
      expect((await admin.delete('/api/v1/groups/pilot')).status).to.equal(204);
      expect(await deleteGreeting(user)).to.equal(403);
      expect((await user.get<Me>('/api/v1/me')).body.groups).to.deep.equal(['gold-customers', 'nordics']);
    });
  });
});
