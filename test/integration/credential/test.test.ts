import { JelouApi } from '../../../credentials/JelouApi.credentials';
import { credentialsFor } from '../../helpers/jelou';
import { testCredential } from '../../helpers/n8n-harness';
import { useFakeJelou } from '../../helpers/fake-jelou-per-file';

const fake = useFakeJelou();

const test = (overrides = {}) =>
	testCredential({ credentialType: new JelouApi(), credentials: credentialsFor(fake, overrides) });

describe('Jelou API credential test', () => {
	it('passes with the right Client ID, Client Secret and Bot ID, asking for approved templates', async () => {
		await expect(test()).resolves.toMatchObject({ status: 'OK' });
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0]).toMatchObject({
			method: 'GET',
			path: `/v1/bots/${fake.botId}/templates`,
			query: { status: 'APPROVED' },
			status: 200,
		});
	});

	it('tolerates a trailing slash in the Base URL', async () => {
		await expect(test({ baseUrl: `${fake.url}/` })).resolves.toMatchObject({ status: 'OK' });
		expect(fake.requests[0].path).toBe(`/v1/bots/${fake.botId}/templates`);
	});

	it('tells a wrong secret apart from a wrong bot', async () => {
		await expect(test({ clientSecret: 'wrong' })).resolves.toEqual({
			status: 'Error',
			message: 'Authentication failed: check Client ID and Client Secret',
		});
		await expect(test({ botId: 'another-bot' })).resolves.toEqual({
			status: 'Error',
			message: 'Bot not found: check Bot ID',
		});
	});

	it('defaults the Base URL to Jelou', () => {
		const baseUrl = new JelouApi().properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.default).toBe('https://api.jelou.ai');
	});
});
