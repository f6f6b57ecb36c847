/**
 * Runs `work` on each of `items`, `atOnce` at a time (the rate gate paces the requests). After the
 * first failure none starts, and those under way finish before it is thrown: nothing is still
 * being read or changed once the item has failed, and what it says it did is all it did.
 */
export async function eachAtOnce<T>(items: T[], atOnce: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (failure === undefined && next < items.length) {
			const item = items[next++];
			try {
				await work(item);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
	if (failure) throw failure.error;
}
