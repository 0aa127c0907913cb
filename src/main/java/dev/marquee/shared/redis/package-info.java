/**
 * The one way every module runs Lua on Redis: {@link dev.marquee.shared.redis.LuaScript}.
 */
package dev.marquee.shared.redis;
