// tsyringe throws when it is imported before a Reflect metadata polyfill is loaded. This module is
// the one place that loads it: every runtime use of tsyringe imports the container from here.
import 'reflect-metadata';

export { container as rootContainer } from 'tsyringe';
