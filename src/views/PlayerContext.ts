import { createActorContext } from '@xstate/react';
import { playerMachine } from '../machines/playerMachine';

/** The app-wide player actor, shared by the timeline, the keyboard shortcuts and the stage. */
export const PlayerContext = createActorContext(playerMachine);
