// A fleet in moto's AWS emulator for the fleet tests and `npm run bench:fleet`: an AWS Organization
// with N member accounts, each with EKS clusters in two regions, and a front for the calls moto
// answers too kindly: it refuses AssumeRole into chosen accounts or without the external ID their
// trust policy requires (moto lets any role be assumed), and answers EKS in chosen regions as AWS
// answers a region the account has not enabled. Mutating calls go to the emulator only; eksguard
// itself never makes one.
import http from 'node:http';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CloseAccountCommand, CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

export const MANAGEMENT_ACCOUNT = '123456789012';
export const READER_ROLE = 'eksguard-reader';
export const FLEET_REGIONS = ['us-east-1', 'us-west-2'];
export const CLUSTER_NAMES = ['ops', 'web'];
const MANAGEMENT_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EKSGUARDFLEET0000000000000000000';

function config(endpoint, region, credentials = MANAGEMENT_CREDENTIALS) {
  return { endpoint, region, credentials, maxAttempts: 3 };
}

async function memberCredentials(endpoint, account) {
  const sts = new STSClient(config(endpoint, 'us-east-1'));
  try {
    const response = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'fleet-seed' }));
    const c = response.Credentials;
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** An IRSA role whose trust lets any service account of the cluster in: EKS-IAM-006 fails once per account. */
export function wideTrust(account) {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${ISSUER}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:*' } },
      },
    ],
  });
}

async function seedMember(endpoint, account) {
  const credentials = await memberCredentials(endpoint, account);
  const iam = new IAMClient(config(endpoint, 'us-east-1', credentials));
  const eksTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const clusterRole = (await iam.send(new CreateRoleCommand({ RoleName: 'eks-cluster', AssumeRolePolicyDocument: eksTrust }))).Role.Arn;
  await iam.send(new CreateRoleCommand({ RoleName: 'payments-api', AssumeRolePolicyDocument: wideTrust(account) }));
  iam.destroy();
  for (const region of FLEET_REGIONS) {
    const ec2 = new EC2Client(config(endpoint, region, credentials));
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc.VpcId;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.1.0/24' }))).Subnet.SubnetId;
    ec2.destroy();
    const eks = new EKSClient(config(endpoint, region, credentials));
    for (const name of CLUSTER_NAMES) {
      // `web` has the classic weaknesses (public endpoint open to all, no audit logs); `ops` is private and logged
      const open = name === 'web';
      await eks.send(
        new CreateClusterCommand({
          name,
          version: '1.35',
          roleArn: clusterRole,
          resourcesVpcConfig: { subnetIds: [subnetId], endpointPublicAccess: open, endpointPrivateAccess: !open, ...(open ? { publicAccessCidrs: ['0.0.0.0/0'] } : {}) },
          logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: !open }] },
        }),
      );
    }
    eks.destroy();
  }
}

/** The Organization and its members; returns the member account IDs in creation order. */
export async function seedFleet(endpoint, options = {}) {
  const count = options.accounts ?? 20;
  const org = new OrganizationsClient(config(endpoint, 'us-east-1'));
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const members = [];
    for (let index = 0; index < count; index += 1) {
      const created = await org.send(new CreateAccountCommand({ AccountName: `member-${index}`, Email: `member-${index}@example.com` }));
      members.push(created.CreateAccountStatus.AccountId);
    }
    // a few accounts at a time: moto answers them in parallel threads
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(5, members.length) }, async () => {
        while (next < members.length) await seedMember(endpoint, members[next++]);
      }),
    );
    return members;
  } finally {
    org.destroy();
  }
}

/** Closes member accounts: the Organization lists them as SUSPENDED from then on, their clusters still in moto. */
export async function closeAccounts(endpoint, accounts) {
  const org = new OrganizationsClient(config(endpoint, 'us-east-1'));
  try {
    for (const account of accounts) await org.send(new CloseAccountCommand({ AccountId: account }));
  } finally {
    org.destroy();
  }
}

function stsDenied(response, roleArn, why) {
  const message = `User: arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/scanner is not authorized to perform: sts:AssumeRole on resource: ${roleArn}${why}`;
  response.writeHead(403, { 'content-type': 'text/xml' });
  response.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>eksguard-test</RequestId></ErrorResponse>`);
}

/** The SigV4 credential scope of a request: `KEY/DATE/REGION/SERVICE/aws4_request`. */
function scopeOf(request) {
  const match = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(String(request.headers['authorization'] ?? ''));
  return match ? { region: match[1], service: match[2] } : {};
}

/**
 * A loopback front for STS (`AWS_ENDPOINT_URL_STS`) and, when regions are to refuse, EKS
 * (`AWS_ENDPOINT_URL_EKS`). AssumeRole into `deniedAccounts` is AccessDenied, as a trust policy that
 * does not name the caller answers; with `externalId`, AssumeRole without that ID is AccessDenied
 * too, as a trust policy with an `sts:ExternalId` condition answers. EKS calls signed for one of
 * `refusedRegions` get the answer AWS gives in an opt-in region the account has not enabled
 * (recorded: HTTP 403 UnrecognizedClientException). With `throttle`, the first `count` EKS calls
 * signed for its region are answered as AWS answers a client over its rate (HTTP 429
 * ThrottlingException), for the SDK's retry to absorb. Every other request goes on to moto.
 * `assumed` records each AssumeRole request the front saw; `throttled()` how many calls it throttled.
 */
export function startStsFront(motoEndpoint, deniedAccounts, options = {}) {
  const upstream = new URL(motoEndpoint);
  const refusedRegions = options.refusedRegions ?? new Set();
  const assumed = [];
  let throttled = 0;
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const scope = scopeOf(request);
      if (scope.service === 'eks' && refusedRegions.has(scope.region)) {
        response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/' });
        response.end(JSON.stringify({ message: 'The security token included in the request is invalid.' }));
        return;
      }
      if (scope.service === 'eks' && options.throttle && scope.region === options.throttle.region && throttled < options.throttle.count) {
        throttled += 1;
        response.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/' });
        response.end(JSON.stringify({ message: 'Rate exceeded' }));
        return;
      }
      const form = new URLSearchParams(body.toString('utf8'));
      if (form.get('Action') === 'AssumeRole') {
        const roleArn = form.get('RoleArn') ?? '';
        const externalId = form.get('ExternalId') ?? undefined;
        assumed.push({ roleArn, sessionName: form.get('RoleSessionName') ?? '', ...(externalId !== undefined ? { externalId } : {}) });
        const account = /^arn:aws:iam::(\d{12}):/.exec(roleArn)?.[1];
        if (account && deniedAccounts.has(account)) return stsDenied(response, roleArn, '');
        if (options.externalId !== undefined && externalId !== options.externalId) return stsDenied(response, roleArn, ' (the trust policy requires an external ID)');
      }
      const forward = http.request({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      forward.on('error', () => {
        response.writeHead(502);
        response.end();
      });
      forward.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ endpoint: `http://127.0.0.1:${port}`, assumed, throttled: () => throttled, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
