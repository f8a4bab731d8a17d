// @pktkit/capture-api: The capture backend contract: types, typed errors and shared helpers every pktkit backend implements
export {};
