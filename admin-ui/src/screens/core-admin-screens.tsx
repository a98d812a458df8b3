import BusinessOutlined from '@mui/icons-material/BusinessOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import HowToRegOutlined from '@mui/icons-material/HowToRegOutlined';
import OutboxOutlined from '@mui/icons-material/OutboxOutlined';
import PeopleOutlined from '@mui/icons-material/PeopleOutlined';
import PolicyOutlined from '@mui/icons-material/PolicyOutlined';
import VpnKeyOutlined from '@mui/icons-material/VpnKeyOutlined';
import type { CoreScreen } from './registry.js';

/**
 * The administration of identity, audit and mail: each screen is its own lazily loaded module;
 * the permission is the one its API needs to read.
 */
export const coreAdminScreens: CoreScreen[] = [
  {
    path: 'approvals',
    label: 'approvals.nav',
    icon: <HowToRegOutlined />,
    permission: 'core.user.approve',
    order: 10,
    load: () => import('./approvals/ApprovalsScreen.js'),
  },
  {
    path: 'organizations',
    label: 'organizations.nav',
    icon: <BusinessOutlined />,
    permission: 'core.organization.read',
    order: 20,
    load: () => import('./organizations/OrganizationsScreen.js'),
  },
  {
    path: 'organizations/:id',
    label: 'organizations.nav',
    icon: null,
    permission: 'core.organization.read',
    order: 20,
    menu: false,
    load: () => import('./organizations/OrganizationScreen.js'),
  },
  {
    path: 'users',
    label: 'users.nav',
    icon: <PeopleOutlined />,
    permission: 'core.user.read',
    order: 30,
    load: () => import('./users/UsersScreen.js'),
  },
  {
    path: 'users/:id',
    label: 'users.nav',
    icon: null,
    permission: 'core.user.read',
    order: 30,
    menu: false,
    load: () => import('./users/UserScreen.js'),
  },
  {
    path: 'roles',
    label: 'roles.nav',
    icon: <VpnKeyOutlined />,
    permission: 'core.role.manage',
    order: 40,
    load: () => import('./roles/RolesScreen.js'),
  },
  {
    path: 'roles/:key',
    label: 'roles.nav',
    icon: null,
    permission: 'core.role.manage',
    order: 40,
    menu: false,
    load: () => import('./roles/RoleScreen.js'),
  },
  {
    path: 'groups',
    label: 'groups.nav',
    icon: <GroupsOutlined />,
    permission: 'core.group.read',
    order: 50,
    load: () => import('./groups/GroupsScreen.js'),
  },
  {
    path: 'groups/:key',
    label: 'groups.nav',
    icon: null,
    permission: 'core.group.read',
    order: 50,
    menu: false,
    load: () => import('./groups/GroupScreen.js'),
  },
  {
    path: 'audit',
    label: 'audit.nav',
    icon: <PolicyOutlined />,
    permission: 'core.audit.read',
    order: 60,
    load: () => import('./audit/AuditScreen.js'),
  },
  {
    path: 'outbox',
    label: 'outbox.nav',
    icon: <OutboxOutlined />,
    permission: 'core.mail.read',
    order: 70,
    load: () => import('./outbox/OutboxScreen.js'),
  },
  {
    path: 'outbox/:id',
    label: 'outbox.nav',
    icon: null,
    permission: 'core.mail.read',
    order: 70,
    menu: false,
    load: () => import('./outbox/MailScreen.js'),
  },
];
