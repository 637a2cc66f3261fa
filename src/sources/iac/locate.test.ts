import { describe, expect, it } from 'vitest';
import { fieldPath, listItem } from '../../core/field-path.js';
import { groupOfPath } from './locate.js';

describe('groupOfPath', () => {
  it('reads the security group a finding names, whatever its ID holds', () => {
    for (const id of ['sg-0abc', 'eksctl-prod-nodegroup-ng/SSH', 'aws_security_group.nodes["a"]', 'a]b.c']) {
      expect(groupOfPath(fieldPath('SecurityGroups', listItem('GroupId', id), 'IpPermissions'))).toEqual({ group: id, rest: 'IpPermissions' });
    }
    expect(groupOfPath(fieldPath('SecurityGroups', listItem('GroupId', 'sg-1')))).toEqual({ group: 'sg-1', rest: '' });
  });

  it('is undefined for any other path', () => {
    for (const path of ['LaunchTemplateData.SecurityGroupIds', 'SecurityGroups[0].IpPermissions', 'SecurityGroups[sg-1].IpPermissions', 'Other[GroupId="sg-1"]', 'SecurityGroups[Name="sg-1"]']) {
      expect(groupOfPath(path), path).toBeUndefined();
    }
  });
});
