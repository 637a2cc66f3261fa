export { buildRbacGraph, type BindingKind, type BindingNode, type EffectiveRule, type RbacGraph, type RbacGraphOptions, type RoleKind, type RoleNode } from './graph.js';
export * from './permissions.js';
export * from './rules.js';
export * from './subjects.js';
export { rbacBindings, rbacGraph, rbacRoles } from './targets.js';
export { describeResourceQuery, parseResourceArgument, type ParsedResource, type ResourceQuery } from './resource-names.js';
export { whoCan, type WhoCanQuery, type WhoCanRow } from './who-can.js';
