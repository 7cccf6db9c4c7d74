// The shop's identity in Linkflow: the same channelId in the tracker and in every backend call.
export const CHANNEL_ID = "example.com";
export const CHANNEL_NAME = "Example shop";
