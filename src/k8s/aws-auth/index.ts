export { AWS_AUTH_KEYS, parseAwsAuth, type AwsAuth, type AwsAuthAccount, type AwsAuthKey, type AwsAuthMapping, type AwsAuthProblem, type MappingKey } from './parse.js';
export { awsAuthConfigMaps, isAwsAuthConfigMap, type AwsAuthConfigMap } from './target.js';
export { readYaml11, yamlLines, type YamlReadResult } from './yaml-value.js';
